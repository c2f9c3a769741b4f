#include <stdio.h>

#define N 8

int main(void)
{
    int t[N];
    for (int i = 0; i < N; i++) {
        scanf("%d", &t[i]);
    }
    for (int i = 0; i < N - 1; i++) {
        for (int j = 0; j < N - 1 - i; j++) {
            if (t[j] > t[j + 1]) {
                int tmp = t[j];
                t[j] = t[j + 1];
                t[j + 1] = tmp;
            }
        }
    }
    for (int i = 0; i < N; i++) {
        printf("%d%c", t[i], i == N - 1 ? '\n' : ' ');
    }
    return 0;
}
