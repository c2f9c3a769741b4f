#include <stdio.h>

int main(void)
{
    int decalage;
    char texte[100];
    scanf("%d %99s", &decalage, texte);
    for (int i = 0; texte[i] != '\0'; i++) {
        char c = texte[i];
        if (c >= 'a' && c <= 'z') {
            c = (char) ('a' + (c - 'a' + decalage) % 26);
        } else if (c >= 'A' && c <= 'Z') {
            c = (char) ('A' + (c - 'A' + decalage) % 26);
        }
        texte[i] = c;
    }
    printf("%s\n", texte);
    return 0;
}
