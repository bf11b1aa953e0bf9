// Placeholder entry point until the CLI module lands.
#include <cstdio>
int main() {
  std::puts("checker " CHECKER_VERSION);
  return 0;
}
