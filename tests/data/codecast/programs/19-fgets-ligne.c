#include <stdio.h>
#include <string.h>

int main(void)
{
    char ligne[128];
    int numero = 0;
    while (fgets(ligne, sizeof ligne, stdin) != NULL) {
        numero++;
        ligne[strcspn(ligne, "\n")] = '\0';
        printf("%d: [%s] %d\n", numero, ligne, (int) strlen(ligne));
    }
    return 0;
}
