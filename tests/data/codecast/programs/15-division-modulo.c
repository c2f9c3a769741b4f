#include <stdio.h>

int main(void)
{
    int a, b;
    while (scanf("%d %d", &a, &b) == 2) {
        printf("%d / %d = %d, %d %% %d = %d, %.4f\n", a, b, a / b, a, b, a % b,
               (double) a / b);
    }
    return 0;
}
