#include <stdio.h>

int main(void)
{
    int m[3][4];
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 4; j++) {
            m[i][j] = (i + 1) * (j + 2);
        }
    }
    for (int i = 0; i < 3; i++) {
        int somme = 0;
        for (int j = 0; j < 4; j++) {
            printf("%4d", m[i][j]);
            somme += m[i][j];
        }
        printf(" | %d\n", somme);
    }
    return 0;
}
