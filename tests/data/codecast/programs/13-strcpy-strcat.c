#include <stdio.h>
#include <string.h>

int main(void)
{
    char prenom[32], nom[32], complet[80];
    scanf("%31s %31s", prenom, nom);
    strcpy(complet, prenom);
    strcat(complet, " ");
    strcat(complet, nom);
    printf("%s (%d)\n", complet, (int) strlen(complet));
    if (strcmp(prenom, nom) < 0) {
        printf("%s avant %s\n", prenom, nom);
    } else {
        printf("%s avant %s\n", nom, prenom);
    }
    return 0;
}
