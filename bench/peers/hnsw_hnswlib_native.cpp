// hnswlib compiled for this machine (-O3 -march=native, so with its AVX kernels), the strongest form of the peer
// in bench/peers/hnsw_vs_hnswlib.sh; Debian's python3-hnswlib is built for baseline x86-64 (SSE only).
// Same protocol as hnsw_hnswlib.py: one thread, addPoint for every base row in order, then per ef one warm-up
// and R timed passes of searchKnn over every query (best kept); labels go to OUT/hnswlib-native-ef{ef}.i64.
// Usage: hnswlib-native BASE.f32 QUERIES.f32 DIM OUT_DIR [M EF_CONSTRUCTION EFS K REPEATS]
// Build: g++ -O3 -march=native -std=c++17 bench/peers/hnsw_hnswlib_native.cpp -o hnswlib-native  (libhnswlib-dev)
#include <hnswlib/hnswlib.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

static std::vector<float> read_floats(const std::string &path) {
    std::ifstream f(path, std::ios::binary | std::ios::ate);
    size_t bytes = f.tellg();
    std::vector<float> v(bytes / sizeof(float));
    f.seekg(0);
    f.read(reinterpret_cast<char *>(v.data()), bytes);
    return v;
}

static long huge_kb() {
    std::ifstream f("/proc/self/smaps_rollup");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind("AnonHugePages:", 0) == 0) return std::stol(line.substr(14));
    return 0;
}

static long rss() {
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f && fscanf(f, "%ld %ld", &pages, &resident) == 2) fclose(f);
    return resident * sysconf(_SC_PAGESIZE);
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: %s BASE.f32 QUERIES.f32 DIM OUT_DIR [M EF_CONSTRUCTION EFS K REPEATS]\n", argv[0]);
        return 2;
    }
    std::string base_path = argv[1], query_path = argv[2], out = argv[4];
    size_t d = std::stoul(argv[3]);
    size_t m = argc > 5 ? std::stoul(argv[5]) : 16, efc = argc > 6 ? std::stoul(argv[6]) : 200;
    std::string efs = argc > 7 ? argv[7] : "16,32,64,128,256";
    size_t k = argc > 8 ? std::stoul(argv[8]) : 10, repeats = argc > 9 ? std::stoul(argv[9]) : 2;
    std::vector<float> xb = read_floats(base_path), xq = read_floats(query_path);
    size_t n = xb.size() / d, nq = xq.size() / d;

    long before = rss();
    auto t0 = std::chrono::steady_clock::now();
    std::clock_t c0 = std::clock();
    hnswlib::L2Space space(d);
    hnswlib::HierarchicalNSW<float> index(&space, n, m, efc);
    for (size_t i = 0; i < n; i++) index.addPoint(xb.data() + i * d, i);
    double build = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double build_cpu = double(std::clock() - c0) / CLOCKS_PER_SEC;
    long after = rss();
    printf("{\"peer\": \"hnswlib-native\", \"n\": %zu, \"dim\": %zu, \"m\": %zu, \"ef_construction\": %zu, \"threads\": 1, "
           "\"build_seconds\": %.2f, \"build_cpu_seconds\": %.2f, \"rss_bytes_per_vector\": %.1f, \"huge_pages_mb\": %ld}\n", n, d, m, efc,
           build, build_cpu, double(after - before) / n, huge_kb() / 1024);
    fflush(stdout);

    std::stringstream list(efs);
    std::string item;
    std::vector<long long> labels(nq * k);
    while (std::getline(list, item, ',')) {
        size_t ef = std::stoul(item);
        index.setEf(ef);
        double best = 1e300, best_cpu = 1e300;
        for (size_t r = 0; r <= repeats; r++) {
            auto t = std::chrono::steady_clock::now();
            std::clock_t c = std::clock();
            for (size_t q = 0; q < nq; q++) {
                auto result = index.searchKnn(xq.data() + q * d, k);
                for (size_t j = result.size(); j < k; j++) labels[q * k + j] = -1;
                for (size_t j = result.size(); j-- > 0;) {
                    labels[q * k + j] = (long long)result.top().second;
                    result.pop();
                }
            }
            double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
            double cs = double(std::clock() - c) / CLOCKS_PER_SEC;
            if (r > 0 && s < best) best = s;  // pass 0 is the warm-up
            if (r > 0 && cs < best_cpu) best_cpu = cs;
        }
        std::ofstream f(out + "/hnswlib-native-ef" + std::to_string(ef) + ".i64", std::ios::binary);
        f.write(reinterpret_cast<const char *>(labels.data()), labels.size() * sizeof(long long));
        printf("{\"peer\": \"hnswlib-native\", \"ef\": %zu, \"qps\": %.0f, \"cpu_qps\": %.0f}\n", ef, nq / best, nq / best_cpu);
        fflush(stdout);
    }
    return 0;
}
