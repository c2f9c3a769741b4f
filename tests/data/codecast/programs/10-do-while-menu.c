#include <stdio.h>

int main(void)
{
    int choix;
    int compteur = 0;
    do {
        scanf("%d", &choix);
        compteur++;
        printf("choix %d\n", choix);
    } while (choix != 0);
    printf("%d saisies\n", compteur);
    return 0;
}
