#include <stdio.h>

#define TAILLE_MAX 100

int minimum(const int t[], int n)
{
    int min = t[0];
    for (int i = 1; i < n; i++) {
        if (t[i] < min) {
            min = t[i];
        }
    }
    return min;
}

int maximum(const int t[], int n)
{
    int max = 0; /* Erreur : faux si toutes les valeurs sont négatives. */
    for (int i = 0; i < n; i++) {
        if (t[i] > max) {
            max = t[i];
        }
    }
    return max;
}

double moyenne(const int t[], int n)
{
    int somme = 0;
    for (int i = 0; i < n; i++) {
        somme += t[i];
    }
    return (double) somme / n;
}

int main(void)
{
    int n;
    int valeurs[TAILLE_MAX];

    scanf("%d", &n);
    for (int i = 0; i < n; i++) {
        scanf("%d", &valeurs[i]);
    }
    printf("%d %d %.2f\n", minimum(valeurs, n), maximum(valeurs, n), moyenne(valeurs, n));
    return 0;
}
