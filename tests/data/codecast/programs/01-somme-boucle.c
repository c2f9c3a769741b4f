#include <stdio.h>

int main(void)
{
    int n, somme = 0;
    scanf("%d", &n);
    for (int i = 1; i <= n; i++) {
        somme += i;
    }
    printf("somme(1..%d) = %d\n", n, somme);
    return 0;
}
