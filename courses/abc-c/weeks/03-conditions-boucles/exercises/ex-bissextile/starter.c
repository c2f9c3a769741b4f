#include <stdio.h>

int main(void)
{
    int annee;

    scanf("%d", &annee);

    /* À vous : remplacez cette condition par la vraie règle. */
    if (annee == 2024) {
        printf("bissextile\n");
    } else {
        printf("non bissextile\n");
    }

    return 0;
}
