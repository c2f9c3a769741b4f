#include <stdio.h>

int main(void)
{
    char prenom[50];

    scanf("%49s", prenom); /* lit un mot (49 caractères au plus) */

    printf("Bonjour, %s !\n", prenom);
    printf("Bienvenue en C.\n");

    return 0;
}
