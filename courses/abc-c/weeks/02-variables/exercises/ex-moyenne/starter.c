#include <stdio.h>

int main(void)
{
    int a;
    int b;
    int c;

    scanf("%d %d %d", &a, &b, &c);

    /* À vous : déclarez une variable pour la moyenne et calculez-la. */

    printf("%.2f\n", (double) a);
    return 0;
}
