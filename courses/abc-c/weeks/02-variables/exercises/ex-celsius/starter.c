#include <stdio.h>

int main(void)
{
    double celsius;

    scanf("%lf", &celsius);

    /* À vous : calculez la température en Fahrenheit. */
    double fahrenheit = celsius;

    printf("%.1f\n", fahrenheit);
    return 0;
}
