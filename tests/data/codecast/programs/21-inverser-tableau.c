#include <stdio.h>

void inverser(int t[], int n)
{
    for (int i = 0; i < n / 2; i++) {
        int tmp = t[i];
        t[i] = t[n - 1 - i];
        t[n - 1 - i] = tmp;
    }
}

void afficher(const int t[], int n)
{
    for (int i = 0; i < n; i++) {
        printf("%d ", t[i]);
    }
    printf("\n");
}

int main(void)
{
    int n;
    int t[50];
    scanf("%d", &n);
    for (int i = 0; i < n; i++) {
        scanf("%d", &t[i]);
    }
    afficher(t, n);
    inverser(t, n);
    afficher(t, n);
    return 0;
}
