#include <stdio.h>

int main(void)
{
    int a;
    int b;
    int c;

    scanf("%d %d %d", &a, &b, &c);

    double moyenne = (a + b + c) / 3.0;

    printf("%.2f\n", moyenne);
    return 0;
}
