#include <stdio.h>

#define MAX 60

int main(void)
{
    int crible[MAX + 1];
    for (int i = 0; i <= MAX; i++) {
        crible[i] = 1;
    }
    crible[0] = crible[1] = 0;
    for (int i = 2; i * i <= MAX; i++) {
        if (crible[i]) {
            for (int j = i * i; j <= MAX; j += i) {
                crible[j] = 0;
            }
        }
    }
    int n = 0;
    for (int i = 0; i <= MAX; i++) {
        if (crible[i]) {
            printf("%d ", i);
            n++;
        }
    }
    printf("\n%d premiers\n", n);
    return 0;
}
