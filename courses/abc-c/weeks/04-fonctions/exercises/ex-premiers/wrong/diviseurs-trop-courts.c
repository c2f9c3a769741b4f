#include <stdio.h>

/* Renvoie 1 si n est premier, 0 sinon. */
int est_premier(int n)
{
    if (n < 2) {
        return 0;
    }
    /* Erreur : « < » au lieu de « <= », les carrés comme 4, 9 ou 25 passent pour premiers. */
    for (int d = 2; d * d < n; d++) {
        if (n % d == 0) {
            return 0;
        }
    }
    return 1;
}

int main(void)
{
    int n;
    int premier_affiche = 1;

    scanf("%d", &n);
    for (int i = 2; i <= n; i++) {
        if (est_premier(i)) {
            if (!premier_affiche) {
                printf(" ");
            }
            printf("%d", i);
            premier_affiche = 0;
        }
    }
    printf("\n");
    return 0;
}
