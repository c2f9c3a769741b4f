#include <stdio.h>

int main(void)
{
    int total;

    scanf("%d", &total);

    int heures = total / 3600;
    int minutes = (total % 3600) / 60;
    int secondes = total % 60;

    printf("%d h %d min %d s\n", heures, minutes, secondes);
    return 0;
}
