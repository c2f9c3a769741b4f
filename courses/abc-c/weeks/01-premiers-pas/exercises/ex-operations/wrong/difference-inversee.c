#include <stdio.h>

int main(void)
{
    int a;
    int b;

    scanf("%d %d", &a, &b);

    printf("%d + %d = %d\n", a, b, a + b);
    /* Erreur : la différence est calculée dans le mauvais ordre. */
    printf("%d - %d = %d\n", a, b, b - a);
    printf("%d * %d = %d\n", a, b, a * b);

    return 0;
}
