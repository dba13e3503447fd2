package dev.payhook.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, through Debian's chromedriver: the real browser the console's tests
 * drive. Missing, it fails the tests with what to install; it never skips them.
 */
final class Browser {

    /** Where screenshots go: the module's target directory, kept by the build as test output. */
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private Browser() {}

    static WebDriver start() {
        Path chromium = firstExisting("/usr/bin/chromium", "/usr/bin/chromium-browser");
        Path driver = firstExisting("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        if (chromium == null || driver == null) {
            throw new IllegalStateException("The console's browser tests need Debian's chromium and chromium-driver"
                    + " (found chromium: " + chromium + ", chromedriver: " + driver + "). The build installs them"
                    + " (system-tests/install-browser.sh); on another system install both and run again.");
        }
        ChromeOptions options = new ChromeOptions()
                .setBinary(chromium.toString())
                // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-dev-shm-usage",
                        "--disable-gpu",
                        "--hide-scrollbars",
                        "--window-size=1440,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    /**
     * Waits for what the page shows after it has read the services (again on each update they push). An
     * element that went stale while the condition read it (the view re-rendered in between) counts as the
     * condition not yet met, and is looked at again at the next poll, as any other.
     */
    static WebDriverWait waitFor(WebDriver browser, String what) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(100));
        wait.withMessage("waited 20 s for " + what + " on " + browser.getCurrentUrl());
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /**
     * Reads the page once, again if what it found went stale meanwhile: the console re-renders a view when
     * the reconciler pushes a change (live updates), replacing its elements. Only a stale element is read
     * again; the value read is asserted by the caller, once.
     */
    static <T> T read(WebDriver browser, java.util.function.Function<WebDriver, T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.apply(browser);
            } catch (StaleElementReferenceException rerendered) {
                if (attempt == 5) {
                    throw rerendered;
                }
            }
        }
    }

    static Path screenshot(WebDriver browser, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.copy(
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
                file,
                StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    private static Path firstExisting(String... candidates) {
        return List.of(candidates).stream()
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
    }
}
