using WabaGate.Browser.Tests.Infrastructure;

// One Chromium per test run; every test opens its own context (see BrowserTest).
[assembly: AssemblyFixture(typeof(BrowserFixture))]
