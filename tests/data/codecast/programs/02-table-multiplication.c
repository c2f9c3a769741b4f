#include <stdio.h>

int main(void)
{
    int n;
    scanf("%d", &n);
    for (int i = 1; i <= 10; i++) {
        printf("%2d x %d = %3d\n", i, n, i * n);
    }
    return 0;
}
