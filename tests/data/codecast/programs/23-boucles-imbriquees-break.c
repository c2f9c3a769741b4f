#include <stdio.h>

int main(void)
{
    int cible;
    scanf("%d", &cible);
    int trouve = 0;
    for (int a = 1; a <= 20 && !trouve; a++) {
        for (int b = a; b <= 20; b++) {
            if (a * a + b * b == cible) {
                printf("%d^2 + %d^2 = %d\n", a, b, cible);
                trouve = 1;
                break;
            }
            if (a * a + b * b > cible) {
                continue;
            }
        }
    }
    if (!trouve) {
        printf("aucune decomposition\n");
    }
    return 0;
}
