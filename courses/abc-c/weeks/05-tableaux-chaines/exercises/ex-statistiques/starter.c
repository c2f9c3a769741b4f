#include <stdio.h>

#define TAILLE_MAX 100

int minimum(const int t[], int n)
{
    /* À vous : cette ligne provisoire renvoie simplement la dernière valeur. */
    return t[n - 1];
}

int maximum(const int t[], int n)
{
    /* À vous : cette ligne provisoire renvoie simplement la dernière valeur. */
    return t[n - 1];
}

double moyenne(const int t[], int n)
{
    /* À vous : cette ligne provisoire renvoie simplement la dernière valeur. */
    return t[n - 1];
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
