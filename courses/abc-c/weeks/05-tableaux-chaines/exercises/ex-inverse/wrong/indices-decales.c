#include <stdio.h>
#include <string.h>

int main(void)
{
    char mot[100];

    scanf("%99s", mot);

    /* Erreur : commence au '\0' (indice strlen) et oublie l'indice 0. */
    for (int i = (int) strlen(mot); i > 0; i--) {
        putchar(mot[i]);
    }
    putchar('\n');

    return 0;
}
