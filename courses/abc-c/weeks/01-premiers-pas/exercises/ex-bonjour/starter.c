#include <stdio.h>

int main(void)
{
    char prenom[50];

    scanf("%49s", prenom); /* lit un mot (49 caractères au plus) */

    /* À vous : affichez les deux lignes demandées. */

    return 0;
}
