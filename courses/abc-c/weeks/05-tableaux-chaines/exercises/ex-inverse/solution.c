#include <stdio.h>
#include <string.h>

int main(void)
{
    char mot[100];

    scanf("%99s", mot);

    for (int i = (int) strlen(mot) - 1; i >= 0; i--) {
        putchar(mot[i]);
    }
    putchar('\n');

    return 0;
}
