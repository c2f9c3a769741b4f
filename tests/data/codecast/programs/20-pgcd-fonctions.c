#include <stdio.h>

int pgcd(int a, int b);
int ppcm(int a, int b);

int main(void)
{
    int a, b;
    scanf("%d %d", &a, &b);
    printf("pgcd(%d, %d) = %d\n", a, b, pgcd(a, b));
    printf("ppcm(%d, %d) = %d\n", a, b, ppcm(a, b));
    return 0;
}

int pgcd(int a, int b)
{
    while (b != 0) {
        int r = a % b;
        a = b;
        b = r;
    }
    return a;
}

int ppcm(int a, int b)
{
    return a / pgcd(a, b) * b;
}
