#include <stdio.h>

int factorielle(int n)
{
    if (n <= 1) {
        return 1;
    }
    return n * factorielle(n - 1);
}

int main(void)
{
    for (int i = 0; i <= 12; i++) {
        printf("%d! = %d\n", i, factorielle(i));
    }
    return 0;
}
