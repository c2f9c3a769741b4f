#include <stdio.h>

int main(void)
{
    int x, total = 0, count = 0;
    while (scanf("%d", &x) == 1) {
        total += x;
        count++;
    }
    printf("%d valeurs, total %d\n", count, total);
    if (count > 0) {
        printf("moyenne %.3f\n", (double) total / count);
    }
    return 0;
}
