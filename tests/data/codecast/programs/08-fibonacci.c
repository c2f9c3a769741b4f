#include <stdio.h>

int main(void)
{
    int n;
    scanf("%d", &n);
    int a = 0, b = 1;
    for (int i = 0; i < n; i++) {
        printf("%d ", a);
        int suivant = a + b;
        a = b;
        b = suivant;
    }
    printf("\n");
    return 0;
}
