#include <stdio.h>

int main(void)
{
    char prenom[50];

    scanf("%49s", prenom);

    /* Erreur typique : le prénom est écrit en dur au lieu d'utiliser la variable. */
    printf("Bonjour, Ada !\n");
    printf("Bienvenue en C.\n");

    return 0;
}
