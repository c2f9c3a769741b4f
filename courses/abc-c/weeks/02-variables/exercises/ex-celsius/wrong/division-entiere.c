#include <stdio.h>

int main(void)
{
    double celsius;

    scanf("%lf", &celsius);

    /* Erreur : 9 / 5 est une division entière qui vaut 1. */
    double fahrenheit = celsius * (9 / 5) + 32;

    printf("%.1f\n", fahrenheit);
    return 0;
}
