#include <stdio.h>

int main(void)
{
    double a, b;
    char op;
    while (scanf("%lf %c %lf", &a, &op, &b) == 3) {
        switch (op) {
        case '+':
            printf("%.2f\n", a + b);
            break;
        case '-':
            printf("%.2f\n", a - b);
            break;
        case '*':
            printf("%.2f\n", a * b);
            break;
        case '/':
            if (b == 0) {
                printf("division par zero\n");
            } else {
                printf("%.2f\n", a / b);
            }
            break;
        default:
            printf("operateur inconnu : %c\n", op);
        }
    }
    return 0;
}
