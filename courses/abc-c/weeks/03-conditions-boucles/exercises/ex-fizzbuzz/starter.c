#include <stdio.h>

int main(void)
{
    int n;

    scanf("%d", &n);

    /* À vous : une boucle de 1 à n, et des tests pour Fizz, Buzz et FizzBuzz. */
    printf("%d\n", n);

    return 0;
}
