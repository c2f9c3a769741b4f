#include <stdio.h>

int main(void)
{
    int a;
    int b;

    scanf("%d %d", &a, &b); /* lit deux entiers */

    printf("%d + %d = %d\n", a, b, a + b);
    printf("%d - %d = %d\n", a, b, a - b);
    printf("%d * %d = %d\n", a, b, a * b);

    return 0;
}
