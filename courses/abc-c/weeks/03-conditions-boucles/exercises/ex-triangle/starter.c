#include <stdio.h>

int main(void)
{
    int h;

    scanf("%d", &h);

    /* À vous : pour chaque ligne i de 1 à h, affichez i étoiles puis un retour à la ligne. */
    printf("*\n");

    return 0;
}
