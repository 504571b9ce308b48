"""One page of each template (theme/templates/), by its address in the built site: what the
interaction tests and `make screenshots` use where every page is not needed."""

PAGE_TYPES = {
    "home": "/",
    "campaigns": "/campaigns/",
    "campaign": "/campaigns/west-yorkshire/",
    "poster": "/campaigns/west-yorkshire/poster/",
    "faq": "/faq/",
    "figures": "/figures/",
    "resources": "/resources/",
    "resource": "/resources/family-and-friends/",
    "news": "/news/",
    "article": "/news/west-yorkshire-campaign-launches/",
    "page": "/staying-safe-online/",
    "search": "/search/",
    "sitemap": "/sitemap/",
    "404": "/404.html",
}
