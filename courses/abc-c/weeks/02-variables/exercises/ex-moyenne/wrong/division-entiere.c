#include <stdio.h>

int main(void)
{
    int a;
    int b;
    int c;

    scanf("%d %d %d", &a, &b, &c);

    /* Erreur : (a + b + c) / 3 est une division entière, faite avant la conversion. */
    double moyenne = (a + b + c) / 3;

    printf("%.2f\n", moyenne);
    return 0;
}
