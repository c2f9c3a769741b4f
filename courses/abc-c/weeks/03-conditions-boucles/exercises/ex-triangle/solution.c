#include <stdio.h>

int main(void)
{
    int h;

    scanf("%d", &h);

    for (int ligne = 1; ligne <= h; ligne++) {
        for (int etoile = 1; etoile <= ligne; etoile++) {
            printf("*");
        }
        printf("\n");
    }

    return 0;
}
