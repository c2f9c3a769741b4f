#include <stdio.h>

int main(void)
{
    int a;
    int b;

    scanf("%d %d", &a, &b); /* lit deux entiers */

    /* À vous : affichez la somme, la différence et le produit. */
    printf("%d %d\n", a, b);

    return 0;
}
