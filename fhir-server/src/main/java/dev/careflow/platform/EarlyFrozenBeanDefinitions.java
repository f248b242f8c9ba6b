package dev.careflow.platform;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.Ordered;

/**
 * Freezes the bean definitions once the bean factory post-processors have run, rather than just before the singletons
 * are created.
 *
 * <p>Careflow's FHIR servlet is registered with the embedded Tomcat, so Spring Boot creates it while the web server
 * starts, and with it HAPI's whole object graph (146 DAOs and everything they use). Spring freezes the configuration
 * only after that, and until it is frozen it does not remember which beans are of a type: each of the thousands of
 * autowired fields scanned every bean definition again. On a quiet 2-core machine that was about 15 s of a 76 s warm
 * start (JFR samples in {@code getBeanNamesForType} under {@code onRefresh}).
 *
 * <p>Freezing only lets Spring cache what it derives from the definitions. A definition registered later still clears
 * those caches (Spring handles that), and Spring clears them again when the post-processors are done, so one that
 * changes a definition after this one has run is still seen.
 */
final class EarlyFrozenBeanDefinitions implements BeanFactoryPostProcessor, Ordered {

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        beanFactory.freezeConfiguration();
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
