#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    int age;
    if (scanf("%d", &age) != 1 || age < 0) {
        printf("age invalide\n");
        return 1;
    }
    printf("dans 10 ans : %d\n", age + 10);
    return 0;
}
