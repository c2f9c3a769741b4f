"""What learners read, in French and English: short, friendly, one idea per sentence.

`t(key, lang, **fields)` picks the language (English for a language we have no text for).
Add a language by adding a column to every entry.
"""

from __future__ import annotations

import re

from moocforge.exercises.toolchain import CompilerMessage

LANGUAGES = ("fr", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # ----------------------------------------------------------------- summary
    "summary.correct": {
        "fr": "Bravo ! Votre programme réussit les {total} tests.",
        "en": "Well done! Your program passes all {total} tests."},
    "summary.partial": {
        "fr": "Votre programme réussit {passed} test(s) sur {total}.",
        "en": "Your program passes {passed} of {total} tests."},
    "summary.compile": {
        "fr": "Votre programme ne compile pas : aucun test n'a pu être lancé.",
        "en": "Your program does not compile, so no test could run."},
    "summary.syntax": {
        "fr": "Votre programme contient une erreur de syntaxe : aucun test n'a pu être lancé.",
        "en": "Your program has a syntax error, so no test could run."},
    "summary.grader_error": {
        "fr": "La correction automatique a rencontré un problème, ce n'est pas de votre faute : "
              "prévenez l'équipe du cours.",
        "en": "The automatic grader ran into a problem that is not your fault: please tell "
              "the course team."},
    "summary.more": {
        "fr": "… et {count} autre(s) test(s) échoué(s).",
        "en": "… and {count} more failing test(s)."},
    # ----------------------------------------------------------------- labels
    "test.visible": {"fr": "Test « {name} »", "en": "Test “{name}”"},
    "test.hidden": {"fr": "Test caché n° {number}", "en": "Hidden test #{number}"},
    "test.passed": {"fr": "réussi", "en": "passed"},
    "test.failed": {"fr": "échoué", "en": "failed"},
    "label.details": {"fr": "Détails techniques", "en": "Technical details"},
    "label.input": {"fr": "Entrée du test :", "en": "Test input:"},
    "label.args": {"fr": "Arguments :", "en": "Arguments:"},
    "label.diff": {"fr": "Différences (- attendu, + obtenu) :",
                   "en": "Differences (- expected, + yours):"},
    "label.expected": {"fr": "attendu", "en": "expected"},
    "label.actual": {"fr": "obtenu", "en": "yours"},
    "label.checker": {"fr": "Le correcteur indique :", "en": "The checker says:"},
    "label.code": {"fr": "Ligne {line} :", "en": "Line {line}:"},
    "label.compiler": {"fr": "Message du compilateur :", "en": "Compiler message:"},
    "at": {"fr": " ligne {line}", "en": " on line {line}"},
    # ----------------------------------------------------------------- verdicts
    "verdict.wrong_output.wrong": {
        "fr": "La ligne {line} de l'affichage n'est pas celle attendue.",
        "en": "Line {line} of the output is not the expected one."},
    "verdict.wrong_output.missing": {
        "fr": "Il manque des lignes : votre programme affiche {actual} ligne(s) au lieu de "
              "{expected}.",
        "en": "Lines are missing: your program prints {actual} line(s) instead of {expected}."},
    "verdict.wrong_output.extra": {
        "fr": "Votre programme affiche trop de lignes : {actual} au lieu de {expected}.",
        "en": "Your program prints too many lines: {actual} instead of {expected}."},
    "verdict.wrong_output.empty": {
        "fr": "Votre programme n'affiche rien.",
        "en": "Your program prints nothing."},
    "verdict.wrong_output.hidden": {
        "fr": "L'affichage n'est pas celui attendu.",
        "en": "The output is not the expected one."},
    "verdict.wrong_output.checker": {
        "fr": "Le résultat affiché n'est pas correct.",
        "en": "The printed result is not correct."},
    "near.whitespace": {
        "fr": "Presque ! Seuls des espaces ou des retours à la ligne diffèrent (vérifiez les "
              "espaces et le retour à la ligne en fin de ligne).",
        "en": "Almost! Only spaces or line breaks differ (check the spaces and the line break "
              "at the end of each line)."},
    "near.case": {
        "fr": "Presque ! Seules des majuscules ou minuscules diffèrent.",
        "en": "Almost! Only upper or lower case differs."},
    "diff.line": {
        "fr": "Attendu : « {expected} » ; obtenu : « {actual} ».",
        "en": "Expected “{expected}”, got “{actual}”."},
    "diff.missing": {
        "fr": "Première ligne manquante : « {expected} ».",
        "en": "First missing line: “{expected}”."},
    "diff.extra": {
        "fr": "Première ligne en trop : « {actual} ».",
        "en": "First extra line: “{actual}”."},
    "verdict.wrong_exit_code": {
        "fr": "L'affichage est bon, mais le programme se termine avec le code {actual} au lieu "
              "de {expected} (la valeur renvoyée par main ou passée à exit).",
        "en": "The output is right, but the program ends with exit code {actual} instead of "
              "{expected} (the value returned by main or passed to exit)."},
    "verdict.crash.SIGSEGV": {
        "fr": "Votre programme s'est arrêté brutalement (erreur de segmentation) : il a accédé "
              "à une zone de mémoire interdite, par exemple en dehors d'un tableau ou par un "
              "pointeur invalide.",
        "en": "Your program crashed (segmentation fault): it accessed memory it may not use, "
              "for example outside an array or through an invalid pointer."},
    "verdict.crash.SIGBUS": {
        "fr": "Votre programme s'est arrêté brutalement (erreur de bus) : accès mémoire "
              "invalide, souvent par un pointeur invalide.",
        "en": "Your program crashed (bus error): an invalid memory access, often through an "
              "invalid pointer."},
    "verdict.crash.SIGFPE": {
        "fr": "Votre programme s'est arrêté sur une erreur arithmétique : très probablement une "
              "division entière (ou un modulo %) par zéro.",
        "en": "Your program stopped on an arithmetic error: most probably an integer division "
              "(or a modulo %) by zero."},
    "verdict.crash.SIGABRT": {
        "fr": "Votre programme s'est interrompu (abort) : une vérification a échoué, par exemple "
              "un assert, ou une erreur détectée par la bibliothèque (free en double…).",
        "en": "Your program aborted: a check failed, for example an assert, or an error the "
              "library detected (a double free…)."},
    "verdict.crash.SIGILL": {
        "fr": "Votre programme s'est arrêté sur une instruction invalide (souvent une fonction "
              "qui ne renvoie pas de valeur alors qu'elle le devrait).",
        "en": "Your program stopped on an illegal instruction (often a function that should "
              "return a value and does not)."},
    "verdict.crash.SIGKILL": {
        "fr": "Votre programme a été arrêté par le système, probablement parce qu'il utilisait "
              "trop de mémoire.",
        "en": "Your program was killed by the system, probably because it used too much "
              "memory."},
    "verdict.crash.other": {
        "fr": "Votre programme s'est arrêté brutalement ({signal}).",
        "en": "Your program crashed ({signal})."},
    "verdict.runtime_error": {
        "fr": "Votre programme s'est arrêté sur une erreur ({exception}).",
        "en": "Your program stopped on an error ({exception})."},
    "verdict.undefined_behaviour": {
        "fr": "L'affichage est bon, mais votre programme contient une erreur que ce test ne "
              "montre pas toujours (détectée en relançant le programme avec les sanitizers "
              "AddressSanitizer et UBSan) : il fonctionne ici par chance.",
        "en": "The output is right, but your program has an error that this test does not "
              "always show (found by running it again under the AddressSanitizer and UBSan "
              "sanitizers): it works here by luck."},
    "verdict.undefined_behaviour.uninitialised": {
        "fr": "L'affichage est bon, mais votre programme utilise une variable non initialisée "
              "(détectée en relançant le programme sous valgrind) : il fonctionne ici par "
              "chance.",
        "en": "The output is right, but your program uses an uninitialised variable (found "
              "by running it again under valgrind): it works here by luck."},
    "verdict.timeout": {
        "fr": "Votre programme n'a pas terminé dans le temps imparti ({limit} s) : il contient "
              "probablement une boucle infinie (une boucle dont la condition ne devient jamais "
              "fausse).",
        "en": "Your program did not finish within the time limit ({limit} s): it probably "
              "contains an infinite loop (a loop whose condition never becomes false)."},
    "verdict.output_limit": {
        "fr": "Votre programme a affiché beaucoup trop de texte (plus de {limit} Ko) et a été "
              "arrêté : une boucle d'affichage ne s'arrête sans doute jamais.",
        "en": "Your program printed far too much text (more than {limit} KB) and was stopped: "
              "a printing loop probably never ends."},
    "verdict.process_limit": {
        "fr": "Votre programme crée trop de processus (limite : {limit}) et a été arrêté : "
              "vérifiez vos appels à fork(), surtout dans une boucle.",
        "en": "Your program creates too many processes (limit: {limit}) and was stopped: check "
              "your calls to fork(), especially inside a loop."},
    "verdict.memory_limit": {
        "fr": "Votre programme utilise trop de mémoire (limite : {limit} Mo).",
        "en": "Your program uses too much memory (limit: {limit} MB)."},
    "verdict.file_limit": {
        "fr": "Votre programme écrit un fichier trop gros et a été arrêté.",
        "en": "Your program writes a file that is too large and was stopped."},
    "verdict.checker_error": {
        "fr": "La vérification de ce test a échoué, ce n'est pas de votre faute : prévenez "
              "l'équipe du cours.",
        "en": "Checking this test failed, which is not your fault: please tell the course "
              "team."},
    "verdict.sandbox_error": {
        "fr": "Votre programme n'a pas pu être lancé, ce n'est pas de votre faute : prévenez "
              "l'équipe du cours.",
        "en": "Your program could not be started, which is not your fault: please tell the "
              "course team."},
    # ----------------------------------------------------------------- compiler errors
    "compile.intro": {
        "fr": "Le compilateur a trouvé une erreur ligne {line}.",
        "en": "The compiler found an error on line {line}."},
    "compile.intro_noline": {
        "fr": "Le compilateur a trouvé une erreur.",
        "en": "The compiler found an error."},
    "compile.missing_semicolon": {
        "fr": "Il manque probablement un point-virgule « ; » à la fin d'une instruction, juste "
              "avant cet endroit (souvent à la fin de la ligne précédente).",
        "en": "A semicolon “;” is probably missing at the end of a statement just before this "
              "point (often at the end of the previous line)."},
    "compile.missing_semicolon_at": {
        "fr": "Il manque probablement un point-virgule « ; » à la fin de la ligne {line}.",
        "en": "A semicolon “;” is probably missing at the end of line {line}."},
    "compile.undeclared": {
        "fr": "« {name} » n'est pas déclaré : vérifiez son orthographe, ou déclarez la variable "
              "avant de l'utiliser (par exemple « int {name}; »).",
        "en": "“{name}” is not declared: check its spelling, or declare the variable before "
              "using it (for example “int {name};”)."},
    "compile.implicit_function": {
        "fr": "La fonction « {name} » est utilisée sans être déclarée : avez-vous oublié un "
              "#include (<stdio.h> pour printf, <math.h> pour sqrt…) ou mal écrit son nom ?",
        "en": "The function “{name}” is used without being declared: did you forget an "
              "#include (<stdio.h> for printf, <math.h> for sqrt…) or misspell its name?"},
    "compile.end_of_input": {
        "fr": "Le fichier se termine trop tôt : il manque probablement une accolade fermante "
              "« } ».",
        "en": "The file ends too early: a closing brace “}” is probably missing."},
    "compile.unterminated": {
        "fr": "Une chaîne de caractères (ou un caractère) n'est pas fermée : il manque un "
              "guillemet.",
        "en": "A string (or character) literal is not closed: a quote is missing."},
    "compile.stray": {
        "fr": "Un caractère inattendu se trouve dans le code : souvent des guillemets "
              "typographiques (“ ”) copiés depuis un document, ou un accent hors d'une chaîne.",
        "en": "An unexpected character is in the code: often typographic quotes (“ ”) copied "
              "from a document, or an accented letter outside a string."},
    "compile.undefined_reference": {
        "fr": "La fonction « {name} » est appelée mais n'est définie nulle part : vérifiez son "
              "nom.",
        "en": "The function “{name}” is called but defined nowhere: check its name."},
    "compile.no_main": {
        "fr": "Il n'y a pas de fonction main : c'est par elle que le programme commence.",
        "en": "There is no main function: it is where the program starts."},
    "compile.arguments": {
        "fr": "La fonction « {name} » est appelée avec un mauvais nombre d'arguments.",
        "en": "The function “{name}” is called with the wrong number of arguments."},
    "compile.expected": {
        "fr": "Le compilateur attendait « {token} » à cet endroit : vérifiez les parenthèses, "
              "les accolades et les points-virgules.",
        "en": "The compiler expected “{token}” here: check the parentheses, braces and "
              "semicolons."},
    "compile.generic": {
        "fr": "Lisez le message du compilateur ci-dessous : il indique la ligne et la nature "
              "de l'erreur.",
        "en": "Read the compiler message below: it gives the line and the kind of error."},
    "compile.python_syntax": {
        "fr": "Erreur de syntaxe Python{at} : vérifiez les parenthèses, les guillemets et les "
              "deux-points « : » à la fin des lignes if, for, while et def.",
        "en": "Python syntax error{at}: check the parentheses, the quotes and the colon “:” "
              "at the end of if, for, while and def lines."},
    "compile.python_indent": {
        "fr": "Erreur d'indentation{at} : les lignes d'un même bloc doivent commencer par le "
              "même nombre d'espaces.",
        "en": "Indentation error{at}: the lines of one block must start with the same number "
              "of spaces."},
    # ----------------------------------------------------------------- findings
    "finding.out_of_bounds": {
        "fr": "Accès en dehors d'un tableau{at}{variable} : un indice dépasse la taille du "
              "tableau (pour un tableau de taille N, les indices vont de 0 à N-1).",
        "en": "Out-of-bounds array access{at}{variable}: an index goes past the end of the "
              "array (for an array of size N, indices go from 0 to N-1)."},
    "finding.null_pointer": {
        "fr": "Utilisation d'un pointeur nul{at} : ce pointeur ne désigne aucune zone mémoire "
              "(a-t-il été initialisé ? malloc a-t-il renvoyé NULL ?).",
        "en": "Null pointer used{at}: this pointer points to no memory (was it initialised? "
              "did malloc return NULL?)."},
    "finding.bad_pointer": {
        "fr": "Accès mémoire invalide{at} : le pointeur utilisé ne désigne pas une zone "
              "valide.",
        "en": "Invalid memory access{at}: the pointer used does not point to valid memory."},
    "finding.use_after_free": {
        "fr": "Utilisation d'une zone mémoire déjà libérée par free{at}.",
        "en": "Memory used after being freed by free{at}."},
    "finding.double_free": {
        "fr": "La même zone mémoire est libérée deux fois par free{at}.",
        "en": "The same memory is freed twice by free{at}."},
    "finding.bad_free": {
        "fr": "free est appelé{at} sur une adresse qui ne vient pas de malloc.",
        "en": "free is called{at} on an address that does not come from malloc."},
    "finding.stack_overflow": {
        "fr": "Débordement de pile{at} : probablement une récursion infinie (une fonction qui "
              "s'appelle elle-même sans cas d'arrêt).",
        "en": "Stack overflow{at}: probably an infinite recursion (a function calling itself "
              "with no base case)."},
    "finding.division_by_zero": {
        "fr": "Division par zéro{at}.",
        "en": "Division by zero{at}."},
    "finding.integer_overflow": {
        "fr": "Dépassement de capacité d'un entier{at} : le résultat est trop grand pour son "
              "type (essayez long long).",
        "en": "Integer overflow{at}: the result is too large for its type (try long long)."},
    "finding.bad_shift": {
        "fr": "Décalage de bits invalide{at}.",
        "en": "Invalid bit shift{at}."},
    "finding.undefined_behaviour": {
        "fr": "Comportement indéfini{at} : {detail}.",
        "en": "Undefined behaviour{at}: {detail}."},
    "finding.uninitialised": {
        "fr": "Utilisation d'une variable non initialisée{at}{variable} : donnez-lui une "
              "valeur avant de vous en servir.",
        "en": "Use of an uninitialised variable{at}{variable}: give it a value before using "
              "it."},
    "finding.memory": {
        "fr": "Votre programme demande trop de mémoire{at}.",
        "en": "Your program asks for too much memory{at}."},
    "finding.memory_error": {
        "fr": "Erreur d'accès à la mémoire{at}.",
        "en": "Memory access error{at}."},
    "finding.assertion": {
        "fr": "La condition « {condition} » de l'assert{at} est fausse.",
        "en": "The assert condition “{condition}”{at} is false."},
    "finding.index_error": {
        "fr": "Indice hors limites{at} : la liste (ou la chaîne) est plus courte que l'indice "
              "utilisé ({detail}).",
        "en": "Index out of range{at}: the list (or string) is shorter than the index used "
              "({detail})."},
    "finding.key_error": {
        "fr": "Clé absente du dictionnaire{at} : {detail}.",
        "en": "Key missing from the dictionary{at}: {detail}."},
    "finding.name_error": {
        "fr": "Nom inconnu{at} : {detail} (faute de frappe ? variable définie plus loin ?).",
        "en": "Unknown name{at}: {detail} (a typo? a variable defined further down?)."},
    "finding.type_error": {
        "fr": "Erreur de type{at} : {detail} (input() renvoie du texte : convertissez-le avec "
              "int() ou float()).",
        "en": "Type error{at}: {detail} (input() returns text: convert it with int() or "
              "float())."},
    "finding.value_error": {
        "fr": "Valeur invalide{at} : {detail}.",
        "en": "Invalid value{at}: {detail}."},
    "finding.recursion": {
        "fr": "Récursion trop profonde{at} : une fonction s'appelle elle-même sans fin.",
        "en": "Recursion too deep{at}: a function calls itself endlessly."},
    "finding.eof": {
        "fr": "Votre programme lit plus de données que le test n'en fournit (input(){at}).",
        "en": "Your program reads more input than the test provides (input(){at})."},
    "finding.attribute_error": {
        "fr": "Attribut ou méthode inconnu{at} : {detail}.",
        "en": "Unknown attribute or method{at}: {detail}."},
    "finding.exception": {
        "fr": "Erreur {exception}{at} : {detail}.",
        "en": "Error {exception}{at}: {detail}."},
    "variable.name": {"fr": " (variable « {name} »)", "en": " (variable “{name}”)"},
}


def lang_of(lang: str | None) -> str:
    return lang if lang in LANGUAGES else "en"


def t(key: str, lang: str | None, **fields: object) -> str:
    entry = MESSAGES[key]
    template = entry.get(lang_of(lang), entry["en"])
    return template.format(**fields)


def at_line(line: int, lang: str | None) -> str:
    return t("at", lang, line=line) if line else ""


# --------------------------------------------------------------------------- compiler


def _statement_end_before(source: str, message: CompilerMessage) -> int:
    """The line a missing `;` belongs to: the previous non-blank line when the error points at
    the first token of its line (gcc reports the *next* token)."""
    lines = source.splitlines()
    if not 0 < message.line <= len(lines):
        return 0
    current = lines[message.line - 1]
    indent = len(current) - len(current.lstrip())
    if message.col and message.col - 1 > indent:
        return message.line
    previous = message.line - 1
    while previous > 0 and not lines[previous - 1].strip():
        previous -= 1
    return previous


def compile_error_text(message: CompilerMessage, language: str, lang: str | None,
                       source: str = "") -> str:
    """One friendly sentence about the first compiler error."""
    text = message.text
    if language == "python":
        key = ("compile.python_indent" if text.startswith(("IndentationError", "TabError"))
               else "compile.python_syntax")
        return t(key, lang, at=at_line(message.line, lang))
    name = re.search(r"'([^']+)'", text)
    quoted = name[1] if name else "?"
    if re.match(r"expected (?:'[^']*', )*'?;'?", text) or re.match(r"expected .*';'", text):
        line = _statement_end_before(source, message) if source else 0
        if line:
            return t("compile.missing_semicolon_at", lang, line=line)
        return t("compile.missing_semicolon", lang)
    if "undeclared" in text:
        return t("compile.undeclared", lang, name=quoted)
    if "implicit declaration of function" in text:
        return t("compile.implicit_function", lang, name=quoted)
    if "at end of input" in text:
        return t("compile.end_of_input", lang)
    if "missing terminating" in text:
        return t("compile.unterminated", lang)
    if text.startswith("stray "):
        return t("compile.stray", lang)
    if "undefined reference to" in text:
        ref = re.search(r"undefined reference to [`'‘]([^'’]+)['’]", text)
        target = ref[1] if ref else "?"
        if target == "main":
            return t("compile.no_main", lang)
        return t("compile.undefined_reference", lang, name=target)
    if text.startswith(("too few arguments", "too many arguments")):
        return t("compile.arguments", lang, name=quoted)
    expected = re.match(r"expected '([^']+)'", text)
    if expected:
        return t("compile.expected", lang, token=expected[1])
    return t("compile.generic", lang)


def finding_text(kind: str, line: int, fields: dict[str, str], lang: str | None) -> str:
    key = f"finding.{kind}" if f"finding.{kind}" in MESSAGES else "finding.memory_error"
    variable = fields.get("variable", "")
    values = {"at": at_line(line, lang), "detail": fields.get("detail", ""),
              "exception": fields.get("exception", ""),
              "condition": fields.get("condition", ""),
              "variable": t("variable.name", lang, name=variable) if variable else ""}
    return t(key, lang, **values)
