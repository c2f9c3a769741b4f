#include <stdio.h>
#include <string.h>

int main(void)
{
    char mot[64];
    scanf("%63s", mot);
    printf("'%s' a %d lettres\n", mot, (int) strlen(mot));
    int voyelles = 0;
    for (int i = 0; mot[i] != '\0'; i++) {
        char c = mot[i];
        if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y') {
            voyelles++;
        }
    }
    printf("%d voyelles\n", voyelles);
    return 0;
}
