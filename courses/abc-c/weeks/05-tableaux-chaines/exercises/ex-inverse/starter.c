#include <stdio.h>
#include <string.h>

int main(void)
{
    char mot[100];

    scanf("%99s", mot);

    /* À vous : affichez mot à l'envers, caractère par caractère. */
    printf("%s\n", mot);

    return 0;
}
