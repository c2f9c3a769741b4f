#include <stdio.h>

int main(void)
{
    int compte[10] = {0};
    int x;
    while (scanf("%d", &x) == 1) {
        if (x >= 0 && x < 10) {
            compte[x]++;
        }
    }
    for (int i = 0; i < 10; i++) {
        if (compte[i] > 0) {
            printf("%d : ", i);
            for (int k = 0; k < compte[i]; k++) {
                printf("#");
            }
            printf("\n");
        }
    }
    return 0;
}
