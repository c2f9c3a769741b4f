#include <stdio.h>

void echanger_valeurs(int a, int b)
{
    int tmp = a;
    a = b;
    b = tmp;
}

void echanger(int *a, int *b)
{
    int tmp = *a;
    *a = *b;
    *b = tmp;
}

int main(void)
{
    int x = 1, y = 2;
    echanger_valeurs(x, y);
    printf("par valeur : x=%d y=%d\n", x, y);
    echanger(&x, &y);
    printf("par adresse : x=%d y=%d\n", x, y);
    return 0;
}
