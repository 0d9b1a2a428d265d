package io.wasmgi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: Debian's headless Chromium, driven through its chromedriver (both installed by
 * .ci/run), against a container serving the console on a free loopback port.
 */
class DashboardBrowserIT extends InContainerTest {

    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");

    private final int port;
    private ConsoleClient console;
    private WebDriver browser;
    private WebDriverWait wait;

    DashboardBrowserIT() throws Exception {
        port = ConsoleClient.freePort();
    }

    @Override
    Map<String, String> config() {
        return ConsoleClient.config(port);
    }

    @BeforeEach
    void openBrowser() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("this test needs Debian's chromium and chromium-driver (apt-get install"
                    + " chromium chromium-driver; .ci/run installs them)");
        }
        console = new ConsoleClient(port);
        console.awaitUp();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: CI runs as root, where Chromium's own sandbox cannot start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1500,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void pluginsComeAndGoLiveAndTheCalculatorComputes() throws Exception {
        browser.get("http://127.0.0.1:" + port + "/wasmgi/#token=" + ConsoleClient.TOKEN);
        wait.until(ExpectedConditions.textToBe(By.id("status"), "live"));
        assertFalse(browser.getCurrentUrl().contains("token"), "the token is taken out of the address bar");

        // installed through the API: the row appears without a reload
        long id = ConsoleApiIT.bundleId(console.post(
                        "/wasmgi/api/plugins?name=mul.wasm",
                        "application/wasm",
                        Files.readAllBytes(TestPaths.pluginModule("mul")))
                .body());
        By row = By.cssSelector("#plugins tbody tr[data-bundle-id='" + id + "']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(row, "serving"));

        selectOperator("*");
        setValue("calc-a", "7");
        setValue("calc-b", "6");
        browser.findElement(By.id("calc-go")).click();
        wait.until(ExpectedConditions.textToBe(By.id("calc-result"), "42"));

        // the table is drawn anew at each refresh: find the button and click it in one go
        By remove = By.cssSelector("#plugins tbody tr[data-bundle-id='" + id + "'] button.remove");
        wait.ignoring(StaleElementReferenceException.class).until(driver -> {
            driver.findElement(remove).click();
            return true;
        });
        wait.until(ExpectedConditions.numberOfElementsToBe(row, 0));

        // the page's own origin, without the token: refused
        Object status = ((JavascriptExecutor) browser)
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + " fetch('api/plugins').then(r => done(r.status), e => done(String(e)));");
        assertEquals(401L, status);
    }

    @Test
    void aScreenshotWithThreePlugins() throws Exception {
        browser.get("http://127.0.0.1:" + port + "/wasmgi/#token=" + ConsoleClient.TOKEN);
        wait.until(ExpectedConditions.textToBe(By.id("status"), "live"));
        for (String name : new String[] {"add", "sub", "mul"}) {
            console.post(
                    "/wasmgi/api/plugins?name=" + name + ".wasm",
                    "application/wasm",
                    Files.readAllBytes(TestPaths.pluginModule(name)));
        }
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#plugins tbody tr"), 3));
        for (int i = 0; i < 900; i++) {
            console.json(
                    "POST", "/wasmgi/api/calc", "{\"a\":" + i + ",\"op\":\"" + "+-*".charAt(i % 3) + "\",\"b\":3}");
            if (i % 300 == 0) {
                Thread.sleep(1000); // a few samples for the charts
            }
        }
        selectOperator("*");
        browser.findElement(By.id("calc-go")).click();
        wait.until(ExpectedConditions.textToBe(By.id("calc-result"), "42"));
        Thread.sleep(2500); // one more refresh of the table
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = Paths.get("target/console-dashboard.png");
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        assertEquals(
                3,
                browser.findElements(By.cssSelector("#plugins tbody tr[data-state='SERVING']"))
                        .size());
    }

    /**
     * Chooses an operator once the page lists it. Each refresh draws the options anew (keeping the choice): find
     * and choose in one go, again if a refresh replaced the option in between.
     */
    private void selectOperator(String symbol) {
        wait.until(
                ExpectedConditions.presenceOfElementLocated(By.cssSelector("#calc-op option[value='" + symbol + "']")));
        wait.ignoring(StaleElementReferenceException.class).until(driver -> {
            new Select(driver.findElement(By.id("calc-op"))).selectByValue(symbol);
            return true;
        });
    }

    private void setValue(String id, String value) {
        var input = browser.findElement(By.id(id));
        input.clear();
        input.sendKeys(value);
    }
}
