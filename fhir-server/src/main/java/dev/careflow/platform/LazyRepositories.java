package dev.careflow.platform;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanCreationNotAllowedException;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.beans.factory.support.AutowireCandidateResolver;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ContextAnnotationAutowireCandidateResolver;
import org.springframework.core.Ordered;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport;
import org.springframework.util.ClassUtils;

/**
 * HAPI's 56 Spring Data repositories made when first used, not at start-up, and the rest made on a background thread
 * once the server is ready.
 *
 * <p>Making a repository parses every query it declares (Spring Data's HQL parser, then Hibernate's). Made eagerly,
 * as HAPI's {@code @EnableJpaRepositories} asks, that was about 4 s of a 27 s warm start on a quiet 2-core machine,
 * spent on the main thread before the server could answer. This does what Spring Data's own {@code LAZY} bootstrap mode
 * does, which HAPI's annotation leaves at {@code DEFAULT}: the repository definitions become lazy, and every injection
 * point of a repository type gets a proxy that makes the repository on its first call. Once the application is ready,
 * the repositories not made yet are made on a background thread, so that no client request pays for parsing them.
 */
final class LazyRepositories implements BeanFactoryPostProcessor, Ordered {

    private static final Logger log = LoggerFactory.getLogger(LazyRepositories.class);

    private final List<String> repositoryNames = new ArrayList<>();

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (!(beanFactory instanceof DefaultListableBeanFactory factory)
                || !(factory.getAutowireCandidateResolver()
                        instanceof ContextAnnotationAutowireCandidateResolver current)
                || current.getClass() != ContextAnnotationAutowireCandidateResolver.class) {
            return; // not the set-up this was written for: the repositories stay eager, which is only slower
        }
        for (String name : factory.getBeanDefinitionNames()) {
            BeanDefinition definition = factory.getBeanDefinition(name);
            if (isRepositoryFactory(definition.getBeanClassName(), factory.getBeanClassLoader())) {
                definition.setLazyInit(true);
                repositoryNames.add(name);
            }
        }
        if (!repositoryNames.isEmpty()) {
            factory.setAutowireCandidateResolver(new RepositoryProxies());
            factory.registerSingleton(
                    "careflowLazyRepositoriesWarmUp", new WarmUp(factory, List.copyOf(repositoryNames)));
        }
    }

    /** HAPI's repositories are made by Spring Data Envers' factory bean; any Spring Data factory bean counts. */
    private static boolean isRepositoryFactory(String className, ClassLoader classLoader) {
        return className != null
                && className.startsWith("org.springframework.data.")
                && ClassUtils.isPresent(className, classLoader)
                && RepositoryFactoryBeanSupport.class.isAssignableFrom(
                        ClassUtils.resolveClassName(className, classLoader));
    }

    /** Before {@link EarlyFrozenBeanDefinitions}, which freezes the definitions this changes. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 1;
    }

    /** Spring's resolver, with every injection point of a repository type resolved through a lazy proxy. */
    private static final class RepositoryProxies extends ContextAnnotationAutowireCandidateResolver {

        @Override
        protected boolean isLazy(DependencyDescriptor descriptor) {
            return super.isLazy(descriptor) || isRepository(descriptor.getDependencyType());
        }

        private static boolean isRepository(Class<?> type) {
            return type.isInterface() && Repository.class.isAssignableFrom(type);
        }

        @Override
        public AutowireCandidateResolver cloneIfNecessary() {
            return new RepositoryProxies();
        }
    }

    /** Makes, once the server is ready, the repositories no one has used yet. */
    private record WarmUp(DefaultListableBeanFactory factory, List<String> names)
            implements ApplicationListener<ApplicationReadyEvent> {

        @Override
        public void onApplicationEvent(ApplicationReadyEvent event) {
            ConfigurableApplicationContext context = event.getApplicationContext();
            Thread thread = new Thread(() -> makeAll(context), "careflow-repositories");
            thread.setDaemon(true);
            thread.setPriority(Thread.MIN_PRIORITY);
            thread.start();
        }

        private void makeAll(ConfigurableApplicationContext context) {
            long started = System.nanoTime();
            int made = 0;
            for (String name : names) {
                if (!context.isActive()) {
                    return; // shutting down
                }
                if (!factory.containsSingleton(name)) {
                    try {
                        factory.getBean(name);
                        made++;
                    } catch (BeanCreationNotAllowedException e) {
                        return; // shutting down
                    } catch (RuntimeException e) {
                        log.warn("Repository {} could not be made ahead of its first use: {}", name, e.toString());
                    }
                }
            }
            log.debug(
                    "Made {} of HAPI's {} repositories after start-up in {} ms",
                    made,
                    names.size(),
                    (System.nanoTime() - started) / 1_000_000);
        }
    }
}
