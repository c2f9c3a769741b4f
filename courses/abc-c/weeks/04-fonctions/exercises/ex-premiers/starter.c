#include <stdio.h>

/* Renvoie 1 si n est premier, 0 sinon. */
int est_premier(int n)
{
    /* À vous : remplacez cette ligne par le vrai test. */
    return n == 2;
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
