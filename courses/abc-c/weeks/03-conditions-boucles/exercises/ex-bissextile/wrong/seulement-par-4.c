#include <stdio.h>

int main(void)
{
    int annee;

    scanf("%d", &annee);

    /* Erreur : oublie l'exception des siècles (1900 n'est pas bissextile). */
    if (annee % 4 == 0) {
        printf("bissextile\n");
    } else {
        printf("non bissextile\n");
    }

    return 0;
}
