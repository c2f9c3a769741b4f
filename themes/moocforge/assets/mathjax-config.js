/* MathJax 3 settings for pymdownx.arithmatex (generic mode); MathJax itself ships with the
 * site (assets/mathjax/), so formulas render with no network. */
window.MathJax = {
  tex: { inlineMath: [["\\(", "\\)"]], displayMath: [["\\[", "\\]"]],
         processEscapes: true, processEnvironments: true },
  options: { ignoreHtmlClass: ".*|", processHtmlClass: "arithmatex" },
  chtml: { fontURL: (document.currentScript ? document.currentScript.src
                     .replace(/moocforge\/mathjax-config\.js.*$/, "") : "") +
                    "mathjax/output/chtml/fonts/woff-v2" }
};
