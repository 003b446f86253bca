/**
 * Test code, by the usual conventions: a folder named spec/, specs/, test/, tests/ or __tests__/
 * anywhere in the path, or a test file name (Ruby *_spec.rb / *_test.rb, JS/TS *.test.* / *.spec.*,
 * Python test_*.py / *_test.py, Go *_test.go, Java/Kotlin/C# *Test(s).*).
 */
const TEST_FOLDER = /(^|\/)(spec|specs|test|tests|__tests__)\//;
const TEST_NAME = /(_spec|_test)\.rb$|\.(test|spec)\.[cm]?[jt]sx?$|(^|\/)test_[^/]*\.py$|_test\.(py|go)$|[a-z0-9]Tests?\.(java|kt|cs)$/;

export function isTestPath(path: string): boolean {
  return TEST_FOLDER.test(path) || TEST_NAME.test(path);
}
